package dev.latchkey.domain.verification;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Mac;
import javax.crypto.MacSpi;

/**
 * HMAC-SHA-256 exactly as the JDK computes it, counting the hashes finished on each thread: installed first among the
 * providers, it lets a test count the keyed hashes a {@code SecretHasher} created meanwhile computes, without timing.
 */
public final class CountingHmac extends Provider {

    private static final String NAME = "LatchkeyTestCountingHmac";
    private static final ThreadLocal<int[]> FINISHED = ThreadLocal.withInitial(() -> new int[1]);

    private CountingHmac() {
        super(NAME, "1", "HMAC-SHA-256 of the JDK, counted");
        put("Mac.HmacSHA256", Spi.class.getName());
    }

    /** Runs {@code action} with the counting provider first; any hasher it creates hashes through it. */
    static void installedFor(Runnable action) {
        Security.insertProviderAt(new CountingHmac(), 1);
        try {
            action.run();
        } finally {
            Security.removeProvider(NAME);
        }
    }

    /** Keyed hashes finished on this thread so far. */
    static int finished() {
        return FINISHED.get()[0];
    }

    /** The JDK's own HMAC-SHA-256, counted. */
    public static final class Spi extends MacSpi {

        private final Mac mac;

        public Spi() throws NoSuchAlgorithmException {
            this.mac = Mac.getInstance("HmacSHA256", Security.getProvider("SunJCE"));
        }

        @Override
        protected int engineGetMacLength() {
            return mac.getMacLength();
        }

        @Override
        protected void engineInit(Key key, AlgorithmParameterSpec params)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            mac.init(key, params);
        }

        @Override
        protected void engineUpdate(byte input) {
            mac.update(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            mac.update(input, offset, len);
        }

        @Override
        protected byte[] engineDoFinal() {
            FINISHED.get()[0]++;
            return mac.doFinal();
        }

        @Override
        protected void engineReset() {
            mac.reset();
        }
    }
}
