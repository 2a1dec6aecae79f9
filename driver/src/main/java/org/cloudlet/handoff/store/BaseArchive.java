package org.cloudlet.handoff.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * A base moved between cloudlets as one file: a tar ({@code .tar}, or zstd-compressed when the name ends in
 * {@code .zst}) of its manifest, memory snapshot and disk image. The derived indexes are not carried; the
 * importing store rebuilds them and checks that the contents still have the exported id.
 */
public final class BaseArchive {
    private static final Set<String> MEMBERS = Set.of(BaseStore.MANIFEST, BaseStore.MEMORY, BaseStore.DISK);

    private BaseArchive() {
    }

    /** Writes the base to {@code file}, atomically (a temporary file renamed when complete). */
    public static void export(StoredBase b, Path file) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".part");
        try {
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
                 OutputStream maybeZstd = compressed(file) ? new ZstdOutputStream(raw, 3) : raw;
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(maybeZstd)) {
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                add(tar, b.dir().resolve(BaseStore.MANIFEST), BaseStore.MANIFEST);
                add(tar, b.memory(), BaseStore.MEMORY);
                if (b.disk() != null) {
                    add(tar, b.disk(), BaseStore.DISK);
                }
                tar.finish();
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(Files.size(file));
        tar.putArchiveEntry(e);
        Files.copy(file, tar);
        tar.closeArchiveEntry();
    }

    /** Imports an archive into the store; the contents must have the id the manifest states. */
    public static StoredBase importInto(BaseStore store, Path file, int threads) throws IOException {
        Path staging = store.stage();
        try {
            JsonNode manifest = null;
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20);
                 InputStream maybeZstd = compressed(file) ? new ZstdInputStream(raw) : raw;
                 TarArchiveInputStream tar = new TarArchiveInputStream(maybeZstd)) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (!e.isFile() || !MEMBERS.contains(e.getName())) {
                        throw new IOException(file + ": unexpected member '" + e.getName() + "' (a base archive holds "
                                + MEMBERS + ")");
                    }
                    Path to = staging.resolve(e.getName());
                    Files.copy(tar, to);
                    if (Files.size(to) != e.getSize()) {
                        throw new IOException(file + ": member " + e.getName() + " is cut short");
                    }
                    if (e.getName().equals(BaseStore.MANIFEST)) {
                        manifest = new ObjectMapper().readTree(to.toFile());
                    }
                }
            }
            if (manifest == null || !manifest.hasNonNull("id")) {
                throw new IOException(file + ": not a base archive (no " + BaseStore.MANIFEST + " with an id)");
            }
            Files.delete(staging.resolve(BaseStore.MANIFEST)); // the store writes its own
            return store.commit(staging, manifest.path("name").asText(""), manifest.get("id").asText(), threads);
        } catch (IOException | RuntimeException e) {
            BaseStore.deleteTree(staging);
            throw e;
        }
    }

    private static boolean compressed(Path file) {
        return file.getFileName().toString().endsWith(".zst");
    }
}
