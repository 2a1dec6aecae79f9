package org.cloudlet.handoff.qemu;

import java.io.IOException;

/** QEMU answered a QMP command with an error. */
public final class QmpException extends IOException {
    private final String errorClass;

    public QmpException(String command, String errorClass, String description) {
        super("QMP " + command + ": " + errorClass + ": " + description);
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }
}
