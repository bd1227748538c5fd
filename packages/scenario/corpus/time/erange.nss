@title: offsets beyond KTIME_SEC_MAX, or that put the clock below 0 or beyond KTIME_SEC_MAX/2, are ERANGE, checked before the frozen check
# X1.7, X1.8; LTP containers/timens/timens01.c; kernel/time/namespace.c proc_timens_set_offset
@needs: time
init: clone a -                                => 2
a: unshare time                                => ok
a: timens-offset a monotonic 9223372037 0      => ERANGE   # beyond KTIME_SEC_MAX
a: timens-offset a monotonic -1000000000000 0  => ERANGE
a: timens-offset a boottime -9223372036 0      => ERANGE   # the clock would be negative
a: timens-offset a monotonic 4611686018 0      => ERANGE   # beyond KTIME_SEC_MAX / 2
a: timens-write a "1 10 0;7 9223372037 0"      => ERANGE   # nothing of the write is set
a: timens-offsets a                            => monotonic 0 0;boottime 0 0
a: clone b -                                   => 3
a: timens-offset a monotonic 9223372037 0      => ERANGE   # frozen now, but the range comes first
a: timens-offset a monotonic 1 0               => EACCES
