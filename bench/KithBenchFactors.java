import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins with second factors beside a plain password login, in logins per CPU-second of the server process (utime +
 * stime from /proc/&lt;pid&gt;/stat before and after each measured batch): {@code password} (one password grant),
 * {@code totp} (the password grant answers 403 mfa-required, then {@code grant_type=mfa_otp} with a TOTP code the
 * client computes from the enrolled secret), {@code passkey} (authentication options, then {@code
 * grant_type=webauthn} with an assertion of a software authenticator: ES256, written here from the WebAuthn data
 * layouts) and {@code password+passkey} (the password grant, options, then the passkey with the {@code mfa_token}).
 * A TOTP code is good once per account and time step, so the TOTP accounts are a pool, each used for the steps
 * still open to it; each client has its own passkey account, so its counter only goes up.
 *
 * <p>Usage (bench/factors.sh): {@code java -cp out KithBenchFactors <baseUrl> <origin> <rpId> <pid> <dataDir>
 * <logins> <concurrency> <warmup> <clockTicksPerSecond>}. Prints a human line per phase and a machine line {@code
 * RESULT phase logins cpuSeconds wallSeconds errors p50ms p99ms requestsPerLogin}.
 */
public final class KithBenchFactors extends KithBenchClient {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern USER_ID = Pattern.compile("\"user\"\\s*:\\s*\\{\\s*\"id\"\\s*:\\s*\"([^\"]*)\"");

  private final String origin;
  private final String rpId;
  private final long pid;
  private final double ticks;

  private KithBenchFactors(URI base, String origin, String rpId, Path dataDir, int concurrency, long pid,
      double ticks) {
    super(base, dataDir, concurrency);
    this.origin = origin;
    this.rpId = rpId;
    this.pid = pid;
    this.ticks = ticks;
  }

  /** A TOTP account: its secret and the last time step it used. */
  private static final class TotpAccount {
    final User user;
    final byte[] key;
    long lastStep = -1;

    TotpAccount(User user, byte[] key) {
      this.user = user;
      this.key = key;
    }
  }

  /** One ES256 discoverable credential, "none" attestation. */
  private final class Authenticator {
    final KeyPair keys;
    final byte[] id = new byte[16];
    final User user;
    String userHandle;
    long counter;

    Authenticator(User user) throws Exception {
      this.user = user;
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      keys = g.generateKeyPair();
      RANDOM.nextBytes(id);
    }

    String register(String challenge) throws Exception {
      ECPublicKey pub = (ECPublicKey) keys.getPublic();
      ByteArrayOutputStream cose = new ByteArrayOutputStream();
      cose.write(0xa5);
      cose.write(0x01); cose.write(0x02); // kty: EC2
      cose.write(0x03); cose.write(0x26); // alg: -7 (ES256)
      cose.write(0x20); cose.write(0x01); // crv: P-256
      cose.write(0x21); bytes(cose, unsigned32(pub.getW().getAffineX()));
      cose.write(0x22); bytes(cose, unsigned32(pub.getW().getAffineY()));
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      data.write(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
      data.write(0x45); // UP | UV | AT
      data.write(ByteBuffer.allocate(4).putInt((int) counter).array());
      data.write(new byte[16]); // AAGUID
      data.write(id.length >> 8); data.write(id.length);
      data.write(id);
      data.write(cose.toByteArray());
      ByteArrayOutputStream att = new ByteArrayOutputStream();
      att.write(0xa3);
      text(att, "fmt"); text(att, "none");
      text(att, "attStmt"); att.write(0xa0);
      text(att, "authData"); bytes(att, data.toByteArray());
      return "{\"id\":\"" + B64.encodeToString(id) + "\",\"rawId\":\"" + B64.encodeToString(id)
          + "\",\"type\":\"public-key\",\"clientExtensionResults\":{},\"response\":{\"clientDataJSON\":\""
          + B64.encodeToString(clientData("webauthn.create", challenge)) + "\",\"attestationObject\":\""
          + B64.encodeToString(att.toByteArray()) + "\",\"transports\":[\"internal\"]}}";
    }

    String assertion(String challenge) throws Exception {
      counter++;
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      data.write(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
      data.write(0x05); // UP | UV
      data.write(ByteBuffer.allocate(4).putInt((int) counter).array());
      byte[] authData = data.toByteArray();
      byte[] client = clientData("webauthn.get", challenge);
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(authData);
      s.update(sha256(client));
      return "{\"id\":\"" + B64.encodeToString(id) + "\",\"rawId\":\"" + B64.encodeToString(id)
          + "\",\"type\":\"public-key\",\"clientExtensionResults\":{},\"response\":{\"clientDataJSON\":\""
          + B64.encodeToString(client) + "\",\"authenticatorData\":\"" + B64.encodeToString(authData)
          + "\",\"signature\":\"" + B64.encodeToString(s.sign()) + "\",\"userHandle\":\"" + userHandle + "\"}}";
    }

    private byte[] clientData(String type, String challenge) {
      return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin
          + "\",\"crossOrigin\":false}").getBytes(StandardCharsets.UTF_8);
    }
  }

  private static void head(ByteArrayOutputStream out, int major, int length) {
    if (length < 24) {
      out.write((major << 5) | length);
    } else if (length < 256) {
      out.write((major << 5) | 24);
      out.write(length);
    } else {
      out.write((major << 5) | 25);
      out.write(length >> 8);
      out.write(length & 0xff);
    }
  }

  private static void bytes(ByteArrayOutputStream out, byte[] b) {
    head(out, 2, b.length);
    out.writeBytes(b);
  }

  private static void text(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    head(out, 3, b.length);
    out.writeBytes(b);
  }

  private static byte[] unsigned32(BigInteger n) {
    byte[] b = n.toByteArray();
    byte[] out = new byte[32];
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, 32 - len, len);
    return out;
  }

  static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  /** RFC 6238 with RFC 4226's dynamic truncation: HMAC-SHA-1, 6 digits. */
  static String totp(byte[] key, long step) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
    int o = h[h.length - 1] & 0x0f;
    int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
    return String.format(Locale.ROOT, "%06d", bin % 1_000_000);
  }

  static byte[] base32(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.replace("=", "").toUpperCase(Locale.ROOT).toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  static long currentStep() {
    return Math.floorDiv(System.currentTimeMillis() / 1000, 30);
  }

  private String passwordBody(User u) {
    return "{\"grant_type\":\"password\",\"username\":\"" + u.username() + "\",\"password\":\"" + u.password()
        + "\"}";
  }

  private String login(User u) throws Exception {
    HttpResponse<String> r = post("v1/auth/token", passwordBody(u));
    require(r, 200, "password login");
    return field(r.body(), "access_token");
  }

  private String mfaToken(User u) throws Exception {
    HttpResponse<String> r = post("v1/auth/token", passwordBody(u));
    require(r, 403, "password step");
    return field(r.body(), "mfa_token");
  }

  private TotpAccount enrolTotp(User u) throws Exception {
    String token = login(u);
    HttpResponse<String> r = post("v1/auth/mfa/totp", "{}", token);
    require(r, 200, "totp enrolment");
    TotpAccount a = new TotpAccount(u, base32(field(r.body(), "secret")));
    // confirmed with the previous step's code (one step of drift is allowed), so the current and the next
    // step are still open to logins
    long step = currentStep() - 1;
    r = post("v1/auth/mfa/totp/confirm", "{\"code\":\"" + totp(a.key, step) + "\"}", token);
    require(r, 200, "totp confirmation");
    a.lastStep = step;
    return a;
  }

  private Authenticator enrolPasskey(User u) throws Exception {
    String token = login(u);
    Authenticator a = new Authenticator(u);
    HttpResponse<String> r = post("v1/auth/webauthn/registration/options", "{}", token);
    require(r, 200, "registration options");
    Matcher m = USER_ID.matcher(r.body());
    if (!m.find()) {
      throw new IllegalStateException("no user id in " + r.body());
    }
    a.userHandle = m.group(1);
    r = post("v1/auth/webauthn/registration",
        "{\"name\":\"bench\",\"credential\":" + a.register(field(r.body(), "challenge")) + "}", token);
    require(r, 201, "passkey registration");
    return a;
  }

  private String passkeyGrant(Authenticator a, String mfaToken) throws Exception {
    HttpResponse<String> o = post("v1/auth/webauthn/authentication/options", "{}");
    require(o, 200, "authentication options");
    String body = "{\"grant_type\":\"webauthn\"" + (mfaToken == null ? "" : ",\"mfa_token\":\"" + mfaToken + "\"")
        + ",\"credential\":" + a.assertion(field(o.body(), "challenge")) + "}";
    HttpResponse<String> r = post("v1/auth/token", body);
    require(r, 200, "passkey login");
    return field(r.body(), "access_token");
  }

  /** One login of a phase by client {@code c}. */
  private interface Login {
    void run(int c) throws Exception;
  }

  private record Phase(int logins, int errors, double cpu, double wall, double p50, double p99) {}

  private Phase phase(int logins, Login login) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
    double cpu0 = cpuSeconds();
    long t0 = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      int client = c;
      running.add(workers.submit(() -> {
        while (next.getAndIncrement() < logins) {
          long s = System.nanoTime();
          try {
            login.run(client);
            latencies.add((System.nanoTime() - s) / 1e6);
          } catch (Exception e) {
            if (errors.incrementAndGet() <= 3) {
              System.out.println("error: " + e.getMessage());
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = cpuSeconds() - cpu0;
    double[] l = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double p50 = l.length == 0 ? 0 : l[(int) (l.length * 0.5)];
    double p99 = l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) (l.length * 0.99))];
    return new Phase(logins, errors.get(), cpu, wall, p50, p99);
  }

  private double cpuSeconds() throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticks;
  }

  public static void main(String[] args) throws Exception {
    URI base = URI.create(args[0].endsWith("/") ? args[0] : args[0] + "/");
    KithBenchFactors b = new KithBenchFactors(base, args[1], args[2], Path.of(args[4]), Integer.parseInt(args[6]),
        Long.parseLong(args[3]), Double.parseDouble(args[8]));
    int logins = Integer.parseInt(args[5]);
    int warmup = Integer.parseInt(args[7]);
    b.run(logins, warmup);
    System.exit(0);
  }

  private void run(int logins, int warmup) throws Exception {
    int c = concurrency;
    // a TOTP account logs in at most for the steps now-1, now and now+1 after the one it used last (its
    // confirmation took now-1), then once per 30 s
    int totpAccounts = (logins + warmup) / 2 + 2 * c;
    List<User> users = createUsers(2 * c + totpAccounts);
    List<User> plain = users.subList(0, c);
    List<Authenticator> passkeys = new ArrayList<>();
    for (User u : users.subList(c, 2 * c)) {
      passkeys.add(enrolPasskey(u));
    }
    LinkedBlockingDeque<TotpAccount> pool = new LinkedBlockingDeque<>();
    for (User u : users.subList(2 * c, users.size())) {
      pool.add(enrolTotp(u));
    }
    System.out.printf(Locale.ROOT, "%d plain, %d passkey and %d TOTP accounts ready%n", c, c, pool.size());
    Login password = i -> login(plain.get(i));
    Login totp = i -> {
      while (true) {
        TotpAccount a = pool.take();
        long now = currentStep();
        long step = Math.max(a.lastStep + 1, now - 1);
        if (step > now + 1) {
          pool.putLast(a);
          Thread.sleep(5);
          continue;
        }
        try {
          String token = mfaToken(a.user);
          HttpResponse<String> r = post("v1/auth/token", "{\"grant_type\":\"mfa_otp\",\"mfa_token\":\"" + token
              + "\",\"otp\":\"" + totp(a.key, step) + "\"}");
          a.lastStep = step;
          require(r, 200, "mfa_otp");
          return;
        } finally {
          pool.putLast(a);
        }
      }
    };
    Login passkey = i -> passkeyGrant(passkeys.get(i), null);
    Login second = i -> passkeyGrant(passkeys.get(i), mfaToken(passkeys.get(i).user));
    String[] names = {"password", "totp", "passkey", "password+passkey"};
    Login[] flows = {password, totp, passkey, second};
    int[] requests = {1, 2, 2, 3};
    for (int k = 0; k < names.length; k++) {
      phase(warmup, flows[k]);
      Phase p = phase(logins, flows[k]);
      System.out.printf(Locale.ROOT,
          "%-17s %d logins, server %.2f CPU-s: %.1f logins per CPU-s, %.1f per s (wall), p50 %.1f ms, p99 %.1f ms,"
              + " %d errors%n", names[k], p.logins(), p.cpu(), p.logins() / p.cpu(), p.logins() / p.wall(), p.p50(),
          p.p99(), p.errors());
      System.out.printf(Locale.ROOT, "RESULT %s %d %.3f %.3f %d %.1f %.1f %d%n", names[k], p.logins(), p.cpu(),
          p.wall(), p.errors(), p.p50(), p.p99(), requests[k]);
    }
  }
}
