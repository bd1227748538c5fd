@title: pid namespaces nest 32 levels below the initial one; the 33rd level is ENOSPC
# P1.2, L2.1 (LTP pidns32.c): create_pid_namespace refuses a level above 32.
# The world's init is at level 1, so 31 more nested namespaces succeed
# (levels 2..32), and the next one is refused.
@needs: pid
init: clone l2 pid               => 2
l2: clone l3 pid                 => 2
l3: clone l4 pid                 => 2
l4: clone l5 pid                 => 2
l5: clone l6 pid                 => 2
l6: clone l7 pid                 => 2
l7: clone l8 pid                 => 2
l8: clone l9 pid                 => 2
l9: clone l10 pid                => 2
l10: clone l11 pid               => 2
l11: clone l12 pid               => 2
l12: clone l13 pid               => 2
l13: clone l14 pid               => 2
l14: clone l15 pid               => 2
l15: clone l16 pid               => 2
l16: clone l17 pid               => 2
l17: clone l18 pid               => 2
l18: clone l19 pid               => 2
l19: clone l20 pid               => 2
l20: clone l21 pid               => 2
l21: clone l22 pid               => 2
l22: clone l23 pid               => 2
l23: clone l24 pid               => 2
l24: clone l25 pid               => 2
l25: clone l26 pid               => 2
l26: clone l27 pid               => 2
l27: clone l28 pid               => 2
l28: clone l29 pid               => 2
l29: clone l30 pid               => 2
l30: clone l31 pid               => 2
l31: clone l32 pid               => 2
l32: clone l33 pid               => ENOSPC
l32: getpid                      => 1
init: pid l32                    => 32
l32: unshare pid                 => ENOSPC
l32: clone x -                   => 2
x: getppid                       => 1
