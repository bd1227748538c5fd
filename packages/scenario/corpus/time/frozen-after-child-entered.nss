@title: offsets may be written until a task enters the namespace; then they are frozen (EACCES)
# X1.8, X1.4; selftests timens/timens.c ("offsets have to be set before tasks enter")
@needs: time
init: timens-offset init monotonic 1 0 => EACCES   # init is in the world's time namespace: entered, frozen
init: timens-offsets init              => monotonic 0 0;boottime 0 0
init: clone a -                        => 2
a: unshare time                        => ok
a: timens-offset a monotonic 10 0      => ok
a: timens-offset a monotonic 20 0      => ok   # rewritten as often as wanted before anyone enters
a: clone b -                           => 3
a: timens-offset a monotonic 30 0      => EACCES
a: timens-offset a boottime 30 0       => EACCES
a: timens-offsets a                    => monotonic 20 0;boottime 0 0
b: clock monotonic                     => 20
b: timens-offset b monotonic 40 0      => EACCES   # b's time_for_children is the namespace it is in
