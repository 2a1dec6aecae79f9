package org.cloudlet.handoff.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cloudlet.handoff.base.Base;
import org.cloudlet.handoff.stream.RamImages;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cloudlet's base store: one directory per base, named by its id, holding {@code base.json}, the memory snapshot
 * {@code memory.mig} (a migration stream), an optional {@code disk.img}, and the indexes derived from them. A base
 * enters the store fully built or not at all: it is assembled in a staging directory, its id computed from the
 * contents, and the directory renamed into place.
 */
public final class BaseStore {
    public static final String MANIFEST = "base.json";
    public static final String MEMORY = "memory.mig";
    public static final String DISK = "disk.img";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public BaseStore(Path dir) {
        this.dir = dir;
    }

    /** {@code $HANDOFF_BASE_STORE}, else {@code /var/lib/cloudlet-handoff/bases}. */
    public static Path defaultDir() {
        String env = System.getenv("HANDOFF_BASE_STORE");
        return Path.of(env != null && !env.isEmpty() ? env : "/var/lib/cloudlet-handoff/bases");
    }

    public Path dir() {
        return dir;
    }

    /** Every base in the store, oldest first. */
    public List<StoredBase> list() throws IOException {
        List<StoredBase> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path d : ds) {
                if (!d.getFileName().toString().startsWith(".") && Files.isRegularFile(d.resolve(MANIFEST))) {
                    all.add(read(d));
                }
            }
        }
        all.sort(Comparator.comparing(StoredBase::created));
        return all;
    }

    /** The base with this full id, or null. */
    public StoredBase byId(String idHex) throws IOException {
        Path d = dir.resolve(idHex);
        return Files.isRegularFile(d.resolve(MANIFEST)) ? read(d) : null;
    }

    /**
     * The base named by a full id, a unique id prefix of at least 6 hex digits, or its name (the newest of that
     * name). Fails naming what is there when none or several match.
     */
    public StoredBase find(String ref) throws IOException {
        List<StoredBase> all = list();
        List<StoredBase> hits = new ArrayList<>();
        for (StoredBase b : all) {
            if (b.id().equals(ref)) {
                return b;
            }
            if (ref.length() >= 6 && b.id().startsWith(ref)) {
                hits.add(b);
            }
        }
        if (hits.size() == 1) {
            return hits.get(0);
        }
        if (hits.size() > 1) {
            throw new IOException("base '" + ref + "' is ambiguous in " + dir + ": " + ids(hits));
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).name().equals(ref)) {
                return all.get(i);
            }
        }
        throw new IOException("no base '" + ref + "' in " + dir + (all.isEmpty() ? " (the store is empty)" : "; it holds " + ids(all)));
    }

    private static String ids(List<StoredBase> bases) {
        StringBuilder s = new StringBuilder();
        for (StoredBase b : bases) {
            s.append(s.length() == 0 ? "" : ", ").append(b.shortId()).append(" (").append(b.name()).append(')');
        }
        return s.toString();
    }

    /** A new staging directory inside the store (same file system, so it can be renamed into place). */
    public Path stage() throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".staging-");
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x")); // bases are not secrets
        return staging;
    }

    /**
     * Adds the base assembled in {@code staging} ({@link #MEMORY}, optionally {@link #DISK}): computes its id from
     * the contents, builds its indexes, and renames it into place. If {@code expectedId} is given (an import), the
     * contents must have that id. A base already in the store is kept and the staging directory removed.
     */
    public StoredBase commit(Path staging, String name, String expectedId, int threads) throws IOException {
        try {
            Path memory = staging.resolve(MEMORY);
            Path disk = Files.isRegularFile(staging.resolve(DISK)) ? staging.resolve(DISK) : null;
            if (!Files.isRegularFile(memory)) {
                throw new IOException("a base needs its memory snapshot " + MEMORY);
            }
            if (!RamImages.isMigrationStream(memory)) {
                throw new IOException(MEMORY + " is not a QEMU migration stream");
            }
            String id;
            try (Base base = RamImages.openBase(disk, memory, threads)) {
                id = base.idHex();
            }
            if (expectedId != null && !expectedId.equals(id)) {
                throw new IOException("the base's contents have id " + id + ", not the " + expectedId
                        + " it was exported as: the copy is damaged or was changed");
            }
            StoredBase existing = byId(id);
            if (existing != null) {
                deleteTree(staging);
                return existing;
            }
            ObjectNode m = JSON.createObjectNode();
            m.put("format", 1);
            m.put("id", id);
            m.put("name", name);
            m.put("created", Instant.now().toString());
            m.put("memory", MEMORY);
            if (disk != null) {
                m.put("disk", DISK);
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(staging.resolve(MANIFEST).toFile(), m);
            Path target = dir.resolve(id);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move the new base into " + target + ": " + e.getMessage(), e);
            }
            return read(target);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
    }

    /** Opens a stored base for a handoff (its indexes are reused, built only if missing). */
    public static Base open(StoredBase b, int threads) throws IOException {
        return RamImages.openBase(b.disk(), b.memory(), threads);
    }

    public void delete(StoredBase b) throws IOException {
        // Out of sight first, so a crash half-way never leaves a base that looks complete.
        Path gone = dir.resolve(".deleting-" + b.id());
        Files.move(b.dir(), gone, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(gone);
    }

    private static StoredBase read(Path d) throws IOException {
        JsonNode m = JSON.readTree(d.resolve(MANIFEST).toFile());
        String id = m.path("id").asText();
        if (!id.equals(d.getFileName().toString())) {
            throw new IOException(d + ": manifest id " + id + " does not match the directory");
        }
        return new StoredBase(id, m.path("name").asText(""), Instant.parse(m.path("created").asText()), d,
                d.resolve(m.path("memory").asText(MEMORY)), m.hasNonNull("disk") ? d.resolve(m.get("disk").asText()) : null);
    }

    /** Removes a directory and everything under it (a staging directory, a VM's scratch files). */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
