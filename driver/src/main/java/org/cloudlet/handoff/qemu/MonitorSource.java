package org.cloudlet.handoff.qemu;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Where a QEMU's monitor is opened, once it is needed; {@code toString} names it in messages. */
public interface MonitorSource {
    QemuMonitor open() throws IOException, InterruptedException;

    /** A QMP socket QEMU was started with ({@code -qmp unix:PATH,server=on}). */
    static MonitorSource qmpSocket(Path socket) {
        return new MonitorSource() {
            @Override
            public QemuMonitor open() throws IOException, InterruptedException {
                return QmpClient.connect(socket, Duration.ofSeconds(5));
            }

            @Override
            public String toString() {
                return socket.toString();
            }
        };
    }
}
