package io.parley.chat.subscriptions;

import io.parley.kit.net.AddressPolicy;
import io.parley.kit.net.OutboundGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/** The SSRF guard of outbound calls, from {@code parley.integrations.allowed-hosts} (empty: nothing internal). */
@ApplicationScoped
class OutboundGuardProducer {

    private static final Logger LOG = Logger.getLogger(OutboundGuardProducer.class);

    @Produces
    @ApplicationScoped
    OutboundGuard guard(@ConfigProperty(name = "parley.integrations.allowed-hosts") Optional<List<String>> allowed) {
        AddressPolicy policy = AddressPolicy.allowing(allowed.orElse(List.of()));
        if (allowed.isPresent() && !allowed.get().isEmpty()) {
            LOG.infof("outbound integrations may reach these internal hosts: %s", allowed.get());
        }
        return new OutboundGuard(policy);
    }
}
