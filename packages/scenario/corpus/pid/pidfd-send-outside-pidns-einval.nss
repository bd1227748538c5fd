@title: pidfd_send_signal through a pidfd of a task outside the caller's pid namespace is EINVAL
# K2.3: access_pidfd_pidns: the pidfd's pid must belong to the caller's active
# pid namespace or one below it. A pidfd opened by init and inherited by a task
# of a new pid namespace names a task of the parent namespace -> EINVAL.
@needs: pid
init: clone z -                  => 2
init: pidfd-open z f             => ok
init: clone a pid                => 3         # a inherits f
a: pid z                         => 0
a: pidfd-send f 0                => EINVAL
a: pidfd-send f SIGKILL          => EINVAL
init: alive z                    => yes
a: pidfd-open a g                => ok        # itself, in its own namespace
a: pidfd-send g 0                => ok
a: clone b -                     => 2
a: pidfd-open b h                => ok
init: pidfd-open a k             => ok
init: pidfd-send k 0             => ok        # a namespace below init's
