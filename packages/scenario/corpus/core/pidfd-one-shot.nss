@title: one setns with a pidfd joins several namespaces of the target at once
# C8.8 / C8.9: user first, so the uts install is checked against the new user
# ns (C8.10); selftests pidfd_one_shot_setns; selftests pidfd_incremental_setns, nsfd_incremental_setns.
@needs: user,uts
init: clone a user,uts           => 2
init: clone b -                  => 3
b: setns-pidfd a user,uts        => ok
b: ns user                       => user:2
b: ns uts                        => uts:2
init: ns uts                     => uts:1
