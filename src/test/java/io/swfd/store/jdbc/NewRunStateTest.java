package io.swfd.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.swfd.run.RunState;
import org.junit.jupiter.api.Test;

/** A new run's info is encoded once, before its insert, and given its key by the writer. */
class NewRunStateTest {
  @Test
  void theKeyGoesIntoTheInfoEncodedBeforeTheInsert() {
    RunState s = new RunState();
    s.workflowId = "wf";
    s.tagList.add("t");
    String before = RunCodec.state(s);
    assertThat(before).startsWith(RunSql.NEW_RUN_STATE); // else the writer encodes it again
    s.runPk = 1234;
    assertThat(RunSql.newRunState(before, s)).isEqualTo(RunCodec.state(s));
  }
}
