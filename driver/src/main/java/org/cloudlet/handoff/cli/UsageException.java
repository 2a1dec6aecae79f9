package org.cloudlet.handoff.cli;

/** The command line itself is wrong: print the message and the command's usage. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
