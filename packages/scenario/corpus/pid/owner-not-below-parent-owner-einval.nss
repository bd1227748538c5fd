@title: a new pid namespace must be owned by its parent's owner or a user namespace below it
# F3.4, P2.2: create_pid_namespace checks in_userns(parent->user_ns, owner)
# first: EINVAL. d lives in a pid namespace owned by a's user namespace but its
# own credentials are in the initial user namespace, an ancestor of that owner.
@needs: pid,user
init: clone a user,pid           => 2
init: clone b -                  => 3
b: setns a pid                   => ok
b: clone d -                     => 4
d: getpid                        => 2
d: unshare pid                   => EINVAL
d: clone x pid                   => EINVAL
d: unshare user,pid              => EINVAL
d: ns user                       => user:1
a: clone y pid                   => 3
y: getpid                        => 1
