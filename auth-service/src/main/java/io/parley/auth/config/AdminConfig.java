package io.parley.auth.config;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** The first admin, from PARLEY_ADMIN_USERNAME / PARLEY_ADMIN_PASSWORD (prefix parley.admin). */
@ConfigMapping(prefix = "parley.admin")
public interface AdminConfig {

    Optional<String> username();

    Optional<String> password();
}
