#!/usr/bin/python3
"""Drives one simulated BMC with python3-sushy (the Redfish library inside OpenStack Ironic).

Usage: sushy_check.py BASE_URL USERNAME PASSWORD [TIMEOUT_S]
Logs in with a Redfish session, reads the system, sets a one-time PXE boot, powers the system on
and waits until sushy sees PowerState On, then power-cycles it off again. Exit code 0 on success;
anything else prints why and exits non-zero.
"""
import sys
import time

try:
    import sushy
    from sushy import auth
except ImportError as e:  # the JUnit test turns this into a clear failure
    print("SUSHY-MISSING: python3-sushy is not installed for /usr/bin/python3: %s" % e)
    sys.exit(3)


def wait_power(system, wanted, timeout):
    deadline = time.time() + timeout
    seen = []
    while time.time() < deadline:
        system.refresh()
        state = system.power_state
        if not seen or seen[-1] != state:
            seen.append(state)
        if state == wanted:
            return seen
        time.sleep(0.1)
    raise SystemExit("power state never became %s; saw %s" % (wanted, seen))


def main():
    base_url, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 20
    print("sushy %s against %s" % (getattr(sushy, "__version__", "?"), base_url))
    session_auth = auth.SessionAuth(username=user, password=password)
    root = sushy.Sushy(base_url + "/redfish/v1", auth=session_auth, verify=False)
    print("vendor:", root.vendor if hasattr(root, "vendor") else "?", "redfish", root.redfish_version)
    systems = root.get_system_collection()
    ident = systems.members_identities[0]
    system = root.get_system(ident)
    print("system:", system.identity, system.uuid, system.serial_number, "power", system.power_state)
    print("cpus:", system.processors.summary)
    print("memory GiB:", system.memory_summary.size_gib)
    allowed = system.get_allowed_reset_system_values()
    print("allowed resets:", sorted(str(v) for v in allowed))
    if system.power_state != sushy.POWER_STATE_OFF:
        raise SystemExit("expected the host off at start, got %s" % system.power_state)

    system.set_system_boot_options(target=sushy.BOOT_SOURCE_TARGET_PXE,
                                   enabled=sushy.BOOT_SOURCE_ENABLED_ONCE)
    system.refresh()
    print("boot override:", system.boot.target, system.boot.enabled)
    if system.boot.target != sushy.BOOT_SOURCE_TARGET_PXE or system.boot.enabled != sushy.BOOT_SOURCE_ENABLED_ONCE:
        raise SystemExit("boot override not applied: %s %s" % (system.boot.target, system.boot.enabled))

    system.reset_system(sushy.RESET_ON)
    seen = wait_power(system, sushy.POWER_STATE_ON, timeout)
    print("power states seen:", seen)
    if sushy.POWER_STATE_POWERING_ON not in seen:
        raise SystemExit("never saw the PoweringOn transition: %s" % seen)
    system.refresh()
    print("after boot: override enabled =", system.boot.enabled)
    if system.boot.enabled != sushy.BOOT_SOURCE_ENABLED_DISABLED:
        raise SystemExit("the Once override was not consumed: %s" % system.boot.enabled)

    system.reset_system(sushy.RESET_FORCE_OFF)
    wait_power(system, sushy.POWER_STATE_OFF, timeout)
    session_auth.close()  # logs out: DELETE of the Redfish session
    print("SUSHY-OK")


if __name__ == "__main__":
    main()
