@title: setns with a pidfd and several types is all or nothing
# C8.9: installs run in the order user, mnt, uts, ipc, pid, ...; the first
# failing one returns its errno and nothing is committed. Here uts passes
# (owned by c's own user ns) and pid fails (I4.1: c has no CAP_SYS_ADMIN over
# the owner of init's pid namespace).
@needs: user,pid,uts
init: clone c user               => 2
c: clone t uts                   => 3
c: setns-pidfd t uts,pid         => EPERM
c: ns uts                        => uts:1
c: ns pid_for_children           => pid:1
c: setns-pidfd t uts             => ok
c: ns uts                        => uts:2
