@title: setns into a sibling pid namespace is EINVAL
# I4.2: a namespace of another branch is neither the caller's active namespace
# nor one of its descendants.
@needs: pid
init: clone a pid                => 2
init: clone b pid                => 3
b: clone b1 pid                  => 2
a: setns b pid                   => EINVAL
a: setns b1 pid                  => EINVAL
b: setns b1 pid                  => ok
b: ns pid_for_children           => pid:2
