@title: setns with a pid_for_children file enters the namespace the owner's children are born in
# I4.6: /proc/X/ns/pid names X's active namespace, /proc/X/ns/pid_for_children
# the namespace of X's children; both install the same way.
@needs: pid
init: clone p -                  => 2
p: unshare pid                   => ok
p: clone c -                     => 3
init: clone s -                  => 4
s: open p pid_for_children f     => ok
s: open p pid g                  => ok
s: setns-fd f                    => ok
s: ns pid_for_children           => pid:2
s: setns-fd g pid                => ok
s: ns pid_for_children           => pid:1
s: setns-fd f any                => ok
s: clone t -                     => 5
t: getpid                        => 2
