@title: setns into the user namespace the caller is already in is EINVAL
# I5.1 (C8.13): target == caller's current user ns -> EINVAL, even for root.
@needs: user
init: setns init user            => EINVAL
init: clone a user               => 2
a: setns a user                  => EINVAL
a: ns user                       => user:2
init: ns user                    => user:1
