package io.leaderboard.localinfra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourcePatternFilter;

/**
 * Makes the services' Kafka users: a SCRAM-SHA-512 credential each (set again every time,
 * so a data directory from before, or a changed password, needs nothing else) and exactly
 * the ACLs of {@link KafkaAcls}: missing ones are added, ones the file no longer grants
 * are removed. Runs as a super user.
 */
public final class KafkaAccess {

	/** Kafka's SCRAM-SHA-512 minimum is 4096; 8192 is what its own tools use. */
	private static final int ITERATIONS = 8192;

	private final Admin admin;

	public KafkaAccess(Admin admin) {
		this.admin = admin;
	}

	/**
	 * Sets up every service of {@code acls}, with its password from {@code passwords}.
	 */
	public void apply(KafkaAcls acls, Map<String, String> passwords) throws Exception {
		List<UserScramCredentialAlteration> users = new ArrayList<>();
		for (String service : acls.byService().keySet()) {
			String password = passwords.get(service);
			if (password == null) {
				throw new IllegalArgumentException("No password for " + service);
			}
			users.add(new UserScramCredentialUpsertion(service,
					new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password));
		}
		this.admin.alterUserScramCredentials(users).all().get();
		Set<AclBinding> wanted = new HashSet<>();
		acls.byService().values().forEach(wanted::addAll);
		List<AclBindingFilter> stale = new ArrayList<>();
		for (AclBinding existing : existing(acls.byService().keySet())) {
			if (!wanted.contains(existing)) {
				stale.add(existing.toFilter());
			}
		}
		if (!stale.isEmpty()) {
			this.admin.deleteAcls(stale).all().get();
		}
		this.admin.createAcls(wanted).all().get();
	}

	private Collection<AclBinding> existing(Set<String> services) throws Exception {
		List<AclBinding> found = new ArrayList<>();
		for (String service : services) {
			found.addAll(
					this.admin
						.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
								new AccessControlEntryFilter(KafkaAcls.principal(service), null, AclOperation.ANY,
										AclPermissionType.ANY)))
						.values()
						.get());
		}
		return found;
	}

}
