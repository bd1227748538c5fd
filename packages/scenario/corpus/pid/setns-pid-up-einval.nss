@title: setns into an ancestor pid namespace is EINVAL
# I4.2: pidns_install accepts only the caller's active namespace or a
# descendant; every ancestor is refused, and nothing changes.
@needs: pid
init: clone a pid                => 2
a: clone a1 pid                  => 2
a1: setns a pid                  => EINVAL
a1: setns init pid               => EINVAL
a: setns init pid                => EINVAL
a: ns pid_for_children           => pid:2
a1: ns pid_for_children          => pid:3
a1: ns pid                       => pid:3
