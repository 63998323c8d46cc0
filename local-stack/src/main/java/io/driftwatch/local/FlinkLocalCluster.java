package io.driftwatch.local;

import io.driftwatch.flink.MonitorConfig;
import io.driftwatch.flink.MonitoringJob;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring job on an in-process Flink MiniCluster with its web UI, every server socket bound
 * to 127.0.0.1. Closing cancels the job, which shuts the per-job MiniCluster down.
 */
final class FlinkLocalCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlinkLocalCluster.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final JobClient job;
  private final int uiPort;

  private FlinkLocalCluster(JobClient job, int uiPort) {
    this.job = job;
    this.uiPort = uiPort;
  }

  static FlinkLocalCluster start(
      MonitorConfig monitor, int uiPort, int parallelism, Path checkpointDir) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, LOOPBACK);
    conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
    conf.set(RestOptions.BIND_PORT, String.valueOf(uiPort));
    conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
    conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
    conf.set(TaskManagerOptions.HOST, LOOPBACK);
    conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());

    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    env.setParallelism(parallelism);
    env.enableCheckpointing(monitor.checkpointInterval().toMillis());
    MonitoringJob.attach(env, monitor);
    JobClient job = env.executeAsync(MonitoringJob.JOB_NAME);
    LOG.info("Monitoring job {} submitted to the local MiniCluster", job.getJobID());
    return new FlinkLocalCluster(job, uiPort);
  }

  String webUi() {
    return "http://" + LOOPBACK + ":" + uiPort;
  }

  String jobStatus() {
    try {
      return job.getJobStatus().get(5, TimeUnit.SECONDS).toString();
    } catch (Exception e) {
      return "UNKNOWN (" + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      job.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Monitoring job did not cancel cleanly: {}", e.toString());
    }
  }
}
