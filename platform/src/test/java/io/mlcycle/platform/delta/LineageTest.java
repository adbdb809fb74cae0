package io.mlcycle.platform.delta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineageTest {
    @Test
    void readsBackWhatItWrites() {
        Lineage lineage = new Lineage("prepare", "run-1", List.of(new Lineage.TableVersion("/lake/bronze", 3)),
                List.of("kafka:events/partition 0 offsets 10-20"));

        assertThat(lineage.toJson()).isEqualTo("{\"job\":\"prepare\",\"run_id\":\"run-1\",\"reads\":[{\"table\":\"/lake/bronze\",\"version\":3}],"
                + "\"sources\":[\"kafka:events/partition 0 offsets 10-20\"]}");
        assertThat(Lineage.fromJson(lineage.toJson())).contains(lineage);
    }

    @Test
    void readsCommitsWrittenBeforeSourcesExisted() {
        String older = "{\"job\":\"prepare\",\"run_id\":\"run-0\",\"reads\":[{\"table\":\"/lake/bronze\",\"version\":0}]}";

        assertThat(Lineage.fromJson(older))
                .contains(new Lineage("prepare", "run-0", List.of(new Lineage.TableVersion("/lake/bronze", 0))));
        assertThat(Lineage.fromJson("{\"job\":\"one\"}")).contains(new Lineage("one", "", List.of()));
    }

    @Test
    void isEmptyForMetadataOfOtherTools() {
        assertThat(Lineage.fromJson("written by hand")).isEmpty();
        assertThat(Lineage.fromJson("{\"author\":\"someone\"}")).isEmpty();
        assertThat(Lineage.fromJson("[1, 2]")).isEmpty();
        assertThat(Lineage.fromJson("")).isEmpty();
    }
}
