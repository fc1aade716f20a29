package org.kith.crypto.envelope;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code {encrypted_data:{algorithm:{name:"AES-GCM",length:256}, data, iv}, encrypted_key:{encrypted_key}}}: AES-GCM
 * ciphertext with its tag ({@code data}), the 96-bit nonce ({@code iv}) and the wrapped AES key, all base64url
 * without padding.
 */
public record Envelope(String data, String iv, String encryptedKey) {
  /** The JSON shape clients exchange. */
  public Map<String, Object> toJson() {
    Map<String, Object> algorithm = new LinkedHashMap<>();
    algorithm.put("name", "AES-GCM");
    algorithm.put("length", 256);
    Map<String, Object> encryptedData = new LinkedHashMap<>();
    encryptedData.put("algorithm", algorithm);
    encryptedData.put("data", data);
    encryptedData.put("iv", iv);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("encrypted_data", encryptedData);
    m.put("encrypted_key", Map.of("encrypted_key", encryptedKey));
    return m;
  }

  /** Reads the JSON shape after {@link WebCryptoKeyMaterial#checkWrappedKey(Object)} accepted it. */
  public static Envelope fromJson(Object json) {
    WebCryptoKeyMaterial.checkWrappedKey(json);
    Map<?, ?> m = (Map<?, ?>) json;
    Map<?, ?> data = (Map<?, ?>) m.get("encrypted_data");
    Map<?, ?> key = (Map<?, ?>) m.get("encrypted_key");
    return new Envelope(
        (String) data.get("data"), (String) data.get("iv"), (String) key.get("encrypted_key"));
  }
}
