package org.cloudlet.handoff.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest's control shell on a virtio console (the testbed guests run {@code sh -i} on hvc0): sends a command
 * line, reads until a marker carrying the exit status. Files go in base64 through the same shell, so the guest
 * needs nothing but busybox.
 */
public final class GuestConsole implements AutoCloseable {

    /** A command's output (with the shell's echo of the command line removed) and exit status. */
    public record Result(int status, String output) {
    }

    private final SocketChannel channel;
    private final OutputStream out;
    private final StringBuilder pending = new StringBuilder(); // guarded by itself
    private final Thread reader;
    private volatile IOException failure;
    private int serial;

    private GuestConsole(SocketChannel channel) {
        this.channel = channel;
        this.out = SocketStreams.out(channel);
        InputStream in = SocketStreams.in(channel);
        // One reader for the console's life: a read interrupted on timeout would close the channel.
        this.reader = new Thread(() -> readLoop(in), "guest-console");
        reader.setDaemon(true);
        reader.start();
    }

    public static GuestConsole connect(Path socket, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                return new GuestConsole(ch);
            } catch (IOException e) {
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("no guest console at " + socket + " after " + timeout.toSeconds() + " s", e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Runs one shell command line in the guest and waits for it to finish. */
    public synchronized Result run(String command, Duration timeout) throws IOException {
        int id = ++serial;
        // The marker is split in the echoed line ('__HANDOFF_''RC=') so only the real output matches it.
        // On its own line, so a command may end in '&'; $? is then the status of the command line before it.
        String line = command + "\necho __HANDOFF_''RC=$?__ " + id + "\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        Pattern done = Pattern.compile("__HANDOFF_RC=(\\d+)__ " + id + "\\b");
        synchronized (pending) {
            while (true) {
                Matcher m = done.matcher(pending);
                if (m.find()) {
                    String output = pending.substring(0, m.start());
                    int status = Integer.parseInt(m.group(1));
                    pending.delete(0, m.end());
                    return new Result(status, stripEcho(output, command));
                }
                long left = deadline - System.nanoTime();
                if (failure != null) {
                    throw new IOException("guest console failed: " + failure.getMessage(), failure);
                }
                if (left <= 0) {
                    throw new IOException("guest command did not finish within " + timeout.toSeconds() + " s: " + command
                            + " (output so far: " + tail(pending) + ")");
                }
                try {
                    pending.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted waiting for the guest");
                }
            }
        }
    }

    private void readLoop(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (pending) {
                    pending.append(new String(buf, 0, n, StandardCharsets.UTF_8).replace("\r", ""));
                    pending.notifyAll();
                }
            }
            failure = new IOException("guest console closed");
        } catch (IOException e) {
            failure = e;
        } finally {
            synchronized (pending) {
                pending.notifyAll();
            }
        }
    }

    /** Waits until the shell answers at all (after boot, or after the VM moved to another QEMU). */
    public void awaitShell(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (run("true", Duration.ofSeconds(5)).status() == 0) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("guest shell not answering after " + timeout.toSeconds() + " s", last);
    }

    /** Writes a file in the guest (base64 through the shell, in pieces a tty line can hold). */
    public void writeFile(String guestPath, byte[] content, Duration timeout) throws IOException {
        String b64 = Base64.getEncoder().encodeToString(content);
        check(run(": > " + guestPath + ".b64", timeout), "create " + guestPath);
        for (int i = 0; i < b64.length(); i += 512) {
            String piece = b64.substring(i, Math.min(b64.length(), i + 512));
            check(run("echo " + piece + " >> " + guestPath + ".b64", timeout), "write " + guestPath);
        }
        check(run("base64 -d " + guestPath + ".b64 > " + guestPath + " && rm " + guestPath + ".b64", timeout), "decode " + guestPath);
    }

    private static void check(Result r, String what) throws IOException {
        if (r.status() != 0) {
            throw new IOException("guest: " + what + " failed (" + r.status() + "): " + r.output());
        }
    }

    /** Drops the terminal's echo of what we sent (the command's first line, the marker line) and prompts. */
    private static String stripEcho(String output, String command) {
        String first = command.lines().findFirst().orElse("");
        StringBuilder b = new StringBuilder();
        boolean echoSkipped = false;
        for (String line : output.split("\n", -1)) {
            String bare = line.replaceFirst("^(/ # |~ # |# )+", "");
            if (!echoSkipped && bare.strip().equals(first.strip())) {
                echoSkipped = true;
                continue;
            }
            if (bare.contains("__HANDOFF_''RC=")) {
                continue;
            }
            b.append(bare).append('\n');
        }
        return b.toString().strip();
    }


    private static String tail(CharSequence s) {
        return s.length() <= 300 ? s.toString() : "…" + s.subSequence(s.length() - 300, s.length());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
