package io.metalfleet.local.testing;

/** Stop/start of the test JVM's broker, reachable through the platform MBean server. */
public interface KafkaBrokerControlMBean {

    void stop();

    void start();

    boolean isRunning();
}
