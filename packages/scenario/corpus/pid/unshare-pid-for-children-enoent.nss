@title: pid_for_children cannot be read before the new namespace has an init
# P2.4 (selftests pid_namespace/pidns_init_via_setns.c, added upstream after 6.18): pidns_for_children_get gives nothing while the namespace
# has no child reaper; readlink and open fail with ENOENT until the first fork.
@needs: pid
# The rules of the errors it shows: N2.4.
init: clone p -                  => 2
p: unshare pid                   => ok
p: ns pid_for_children           => ENOENT
init: open p pid_for_children f  => ENOENT
init: open p pid fp              => ok
p: clone c -                     => 3
p: ns pid_for_children           => pid:2
init: open p pid_for_children f  => ok
init: fdns f                     => pid:2
