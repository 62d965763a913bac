package io.camelgateway.embedding;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A distilled {@link StaticEmbeddings} table kept on disk, so it is made once per model, not at every start. The
 * file is named and headed by the model's digest (its ONNX file and tokenizer), and ends with a CRC of all that
 * comes before: a file of another model, cut short or damaged is never used, only rebuilt. It is written beside
 * its place and moved there whole.
 */
public final class StaticEmbeddingsFile {
    private static final Logger LOG = LoggerFactory.getLogger(StaticEmbeddingsFile.class);
    private static final byte[] MAGIC = "GWSTATIC".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = MAGIC.length + 4 + 32 + 4 + 4 + 8 + 8;

    private final Path path;
    private final byte[] modelDigest;

    /**
     * @param folder      where tables are kept (gateway.data-dir)
     * @param modelDigest the SHA-256 of the model it is distilled from ({@link #digestOf(Encoder)})
     */
    public StaticEmbeddingsFile(Path folder, String modelName, byte[] modelDigest) {
        this.modelDigest = modelDigest.clone();
        this.path = folder.resolve(modelName + "-static-" + HexFormat.of().formatHex(modelDigest, 0, 8) + ".bin");
    }

    public Path path() {
        return path;
    }

    /** The table, when the file is there, whole, and of this model; otherwise empty (and why is logged). */
    public Optional<StaticEmbeddings> read() {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (InputStream file = Files.newInputStream(path);
             CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(file, 1 << 16),
                     new CRC32());
             DataInputStream in = new DataInputStream(checked)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            int version = in.readInt();
            byte[] digest = in.readNBytes(32);
            int vocabulary = in.readInt();
            int dimensions = in.readInt();
            long cls = in.readLong();
            long sep = in.readLong();
            long expectedSize = HEADER_BYTES + 4L * vocabulary * dimensions + 8;
            if (!Arrays.equals(magic, MAGIC) || version != VERSION || !Arrays.equals(digest, modelDigest)
                    || vocabulary < 1 || dimensions < 1 || Files.size(path) != expectedSize) {
                LOG.warn("{} is not a whole table of this model: it will be made again", path);
                return Optional.empty();
            }
            float[] vectors = new float[vocabulary * dimensions];
            ByteBuffer row = ByteBuffer.allocate(4 * dimensions).order(ByteOrder.BIG_ENDIAN);
            for (int id = 0; id < vocabulary; id++) {
                in.readFully(row.array());
                row.rewind();
                row.asFloatBuffer().get(vectors, id * dimensions, dimensions);
            }
            long computed = checked.getChecksum().getValue();
            if (in.readLong() != computed) {
                LOG.warn("{} fails its checksum: it will be made again", path);
                return Optional.empty();
            }
            return Optional.of(new StaticEmbeddings(vectors, dimensions, cls, sep).dropDistilled());
        } catch (IOException e) {
            LOG.warn("{} cannot be read ({}): it will be made again", path, e.toString());
            return Optional.empty();
        }
    }

    /** Writes the table beside its place, then moves it there whole. */
    public void write(StaticEmbeddings table) throws IOException {
        Files.createDirectories(path.getParent());
        Path partial = path.resolveSibling(path.getFileName() + ".partial");
        float[] vectors = table.distilled();
        int dimensions = table.dimensions();
        try (OutputStream file = Files.newOutputStream(partial);
             CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16),
                     new CRC32());
             DataOutputStream out = new DataOutputStream(checked)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.write(modelDigest);
            out.writeInt(table.vocabularySize());
            out.writeInt(dimensions);
            out.writeLong(table.cls());
            out.writeLong(table.sep());
            ByteBuffer row = ByteBuffer.allocate(4 * dimensions).order(ByteOrder.BIG_ENDIAN);
            for (int id = 0; id < table.vocabularySize(); id++) {
                row.clear();
                row.asFloatBuffer().put(vectors, id * dimensions, dimensions);
                out.write(row.array());
            }
            out.writeLong(checked.getChecksum().getValue());
        }
        Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The SHA-256 of an encoder's ONNX file and tokenizer, as the jar carries them. */
    public static byte[] digestOf(Encoder encoder) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String resource : new String[] {encoder.resourceStem() + ".onnx",
                    encoder.resourceStem() + "-tokenizer.json"}) {
                try (InputStream in = StaticEmbeddingsFile.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException(resource + " is not on the classpath");
                    }
                    new DigestInputStream(in, sha).transferTo(OutputStream.nullOutputStream());
                }
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("Cannot take the digest of " + encoder.modelName(), e);
        }
    }
}
