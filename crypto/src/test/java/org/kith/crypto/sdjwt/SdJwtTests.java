package org.kith.crypto.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.crypto.keys.SigningKeys;

@DisplayName("SD-JWT verification records")
class SdJwtTests {
  static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final SigningKeys KEYS = SigningKeys.of(new JWKSet(SigningKeys.generate()));
  static final SdJwtIssuer ISSUER =
      new SdJwtIssuer(() -> KEYS, "https://kith.test", Duration.ofDays(365), CLOCK);
  static final SdJwtVerifier VERIFIER =
      new SdJwtVerifier((s, c) -> s.select(KEYS.publicSet()), CLOCK);
  static final ECKey HOLDER = SigningKeys.generate();

  static Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("family_name", "ERIKSSON");
    fields.put("date_of_birth", "1974-08-12");
    fields.put("document_number", "L898902C3");
    return fields;
  }

  static SdJwtIssuer.Issued issue(boolean bound) {
    return ISSUER.issue(
        Map.of(
            "schema_name",
            "ss_NZ_Passport",
            "checks",
            List.of(Map.of("name", "mrz", "passed", true))),
        fields(),
        bound ? HOLDER.toPublicJWK() : null);
  }

  static String present(SdJwtIssuer.Issued issued, List<String> reveal) {
    SDJWT full = SDJWT.parse(issued.sdJwt());
    return new SDJWT(
            full.getCredentialJwt(),
            full.getDisclosures().stream()
                .filter(d -> reveal.contains(d.getClaimName()))
                .toList())
        .toString();
  }

  static String bind(String presentation, String aud, String nonce, Instant iat) throws Exception {
    SDJWT sd = SDJWT.parse(presentation);
    SignedJWT kb = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(new JOSEObjectType("kb+jwt"))
            .build(),
        new JWTClaimsSet.Builder()
            .issueTime(Date.from(iat))
            .audience(aud)
            .claim("nonce", nonce)
            .claim("sd_hash", sd.getSDHash())
            .build());
    kb.sign(new ECDSASigner(HOLDER));
    return new SDJWT(sd.getCredentialJwt(), sd.getDisclosures(), kb.serialize()).toString();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> documentData(SdJwtVerifier.Verified v) {
    return (Map<String, Object>) v.claims().get("document_data");
  }

  @Test
  @DisplayName(
      "every document field is its own disclosure; the holder reveals one and the verifier sees only that")
  void selectiveDisclosure() throws Exception {
    SdJwtIssuer.Issued issued = issue(false);
    assertThat(issued.disclosures())
        .extracting(SdJwtIssuer.FieldDisclosure::name)
        .containsExactly("family_name", "date_of_birth", "document_number");
    SignedJWT jwt = SignedJWT.parse(SDJWT.parse(issued.sdJwt()).getCredentialJwt());
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("dc+sd-jwt");
    assertThat(jwt.getPayload().toString()).doesNotContain("ERIKSSON").doesNotContain("1974-08-12");

    SdJwtVerifier.Verified all = VERIFIER.verify(issued.sdJwt(), null, null);
    assertThat(documentData(all)).isEqualTo(fields());
    assertThat(all.claims())
        .containsEntry("schema_name", "ss_NZ_Passport")
        .containsEntry("iss", "https://kith.test");

    SdJwtVerifier.Verified one =
        VERIFIER.verify(present(issued, List.of("date_of_birth")), null, null);
    assertThat(documentData(one)).containsOnly(Map.entry("date_of_birth", "1974-08-12"));
    assertThat(one.keyBound()).isFalse();
  }

  @Test
  @DisplayName("key binding: the holder's KB-JWT must match nonce, audience, sd_hash and be fresh")
  void keyBinding() throws Exception {
    String presentation = present(issue(true), List.of("family_name"));
    String bound = bind(presentation, "https://rp.test", "n-1", NOW);
    assertThat(VERIFIER.verify(bound, "https://rp.test", "n-1").keyBound()).isTrue();
    assertInvalid(bound, "https://rp.test", "n-2", "nonce");
    assertInvalid(bound, "https://other.test", "n-1", "audience");
    assertInvalid(presentation, "https://rp.test", "n-1", "required");
    assertInvalid(
        bind(presentation, "https://rp.test", "n-1", NOW.minus(Duration.ofMinutes(10))),
        "https://rp.test",
        "n-1",
        "fresh");
    // the KB-JWT binds this exact set of disclosures: adding one afterwards breaks sd_hash
    SDJWT b = SDJWT.parse(bound);
    Disclosure extra = SDJWT.parse(issue(true).sdJwt()).getDisclosures().get(0);
    List<Disclosure> more = new java.util.ArrayList<>(b.getDisclosures());
    more.add(extra);
    assertThatThrownBy(() -> VERIFIER.verify(
            new SDJWT(b.getCredentialJwt(), more, b.getBindingJwt()).toString(),
            "https://rp.test",
            "n-1"))
        .isInstanceOf(SdJwtVerifier.Invalid.class);
  }

  @Test
  @DisplayName(
      "forged disclosures, duplicates, tampered JWTs, foreign keys, wrong typ and expiry are refused")
  void tampering() throws Exception {
    SdJwtIssuer.Issued issued = issue(false);
    SDJWT sd = SDJWT.parse(issued.sdJwt());
    String forged = new SDJWT(
            sd.getCredentialJwt(), List.of(new Disclosure("family_name", "SMITH")))
        .toString();
    assertInvalid(forged, null, null, "not referenced");
    Disclosure first = sd.getDisclosures().get(0);
    assertInvalid(
        new SDJWT(sd.getCredentialJwt(), List.of(first, first)).toString(), null, null, "twice");

    String jwt = sd.getCredentialJwt();
    String[] parts = jwt.split("\\.");
    String otherPayload = com.nimbusds.jose.util.Base64URL.encode(
            parts[1].equals("e30") ? "{}" : "{\"iss\":\"x\"}")
        .toString();
    assertInvalid(parts[0] + "." + otherPayload + "." + parts[2] + "~", null, null, "signature");

    ECKey foreign = SigningKeys.generate();
    SignedJWT other = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(SdJwtIssuer.TYPE)
            .keyID(KEYS.current().getKeyID())
            .build(),
        SignedJWT.parse(jwt).getJWTClaimsSet());
    other.sign(new ECDSASigner(foreign));
    assertInvalid(other.serialize() + "~", null, null, "signature");

    SignedJWT untyped = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .keyID(KEYS.current().getKeyID())
            .build(),
        SignedJWT.parse(jwt).getJWTClaimsSet());
    untyped.sign(new ECDSASigner(KEYS.current()));
    assertInvalid(untyped.serialize() + "~", null, null, "header");

    SdJwtVerifier later = new SdJwtVerifier(
        (s, c) -> s.select(KEYS.publicSet()),
        Clock.fixed(NOW.plus(Duration.ofDays(400)), ZoneOffset.UTC));
    assertThatThrownBy(() -> later.verify(issued.sdJwt(), null, null))
        .hasMessageContaining("expired");

    assertInvalid("", null, null, "empty");
    assertInvalid("not-an-sd-jwt", null, null, "not an SD-JWT");
    assertInvalid("a.b.c~x~", null, null, "not an SD-JWT");
    assertInvalid("x".repeat(SdJwtVerifier.MAX_LENGTH + 1), null, null, "longer");
  }

  @Test
  @DisplayName(
      "the issuer refuses to make registered claims disclosable or visible claims collide with them")
  void reservedClaims() {
    assertThatThrownBy(() -> ISSUER.issue(Map.of("iss", "evil"), fields(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ISSUER.issue(Map.of(), fields(), HOLDER))
        .as("a private holder key")
        .isInstanceOf(IllegalArgumentException.class);
  }

  static void assertInvalid(String presentation, String aud, String nonce, String reason) {
    assertThatThrownBy(() -> VERIFIER.verify(presentation, aud, nonce))
        .isInstanceOf(SdJwtVerifier.Invalid.class)
        .hasMessageContaining(reason);
  }
}
