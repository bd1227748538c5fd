@title: setns into the uts namespace the caller is already in succeeds
# C8.13: re-entering the current namespace is allowed for every type but user.
@needs: uts
init: setns init uts             => ok
init: ns uts                     => uts:1
init: clone a uts                => 2
a: setns a uts                   => ok
a: setns a uts any               => ok
a: ns uts                        => uts:2
