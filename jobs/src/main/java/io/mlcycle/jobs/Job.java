package io.mlcycle.jobs;

/** A batch job: its collaborators come in through the constructor; {@link #run()} does the work once. */
public interface Job {
    void run();
}
