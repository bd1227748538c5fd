@title: PR_SET_PDEATHSIG takes a signal number from 0 to 64: anything else is EINVAL and changes nothing, 0 clears it
@needs: pid
# C11.6 (kernel/sys.c prctl, PR_SET_PDEATHSIG: valid_signal); C10.10 (kernel/exit.c forget_original_parent)
# sends the signal to each child of the task that exits.
init: clone a -                  => 2
a: clone b -                     => 3
a: clone c -                     => 4
a: clone d -                     => 5
b: pdeathsig SIGKILL             => ok
b: pdeathsig 65                  => EINVAL
b: pdeathsig -1                  => EINVAL    # an unsigned long: the largest one
b: pdeathsig 4294967305          => EINVAL    # 2^32 + 9: not cut to an int
c: pdeathsig 9                   => ok
c: pdeathsig 0                   => ok        # none again
d: pdeathsig 64                  => ok        # SIGRTMAX, whose default action ends the process
a: exit                          => ok
init: alive b                    => no        # SIGKILL stayed
init: alive c                    => yes
init: alive d                    => no
