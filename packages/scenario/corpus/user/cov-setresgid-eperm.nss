@title: setresgid to a gid the caller does not hold needs CAP_SETGID
# C11.2: after setuid away from root the effective set is empty, so setgid to a
# new gid is EPERM; to the gid the task already has it still succeeds.
@needs: user
init: clone a -                  => 2
a: setuid 1000                   => ok
a: caps                          => 0000000000000000
a: setgid 5                      => EPERM
a: setgid 0                      => ok      # real, effective and saved gid are 0 already
a: id                            => uid=1000 gid=0
init: setgid 5                   => ok      # init holds CAP_SETGID
