package org.kith.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: {@code java -jar api/target/kith.jar}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KithApplication {
  public static void main(String[] args) {
    SpringApplication.run(KithApplication.class, args);
  }
}
