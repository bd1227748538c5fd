@title: a write sets at most two records and ignores what follows them; a line may carry text after its three numbers
# X1.5, X1.11; fs/proc/base.c timens_offsets_write (offsets[2]: the rest of the write is not parsed)
@needs: time
init: clone a -                            => 2
a: unshare time                            => ok
a: timens-write a "1 10 0;7 20 0;garbage"  => ok
a: timens-offsets a                        => monotonic 10 0;boottime 20 0
a: timens-write a "  boottime   5   7  trailing words" => ok
a: timens-offsets a                        => monotonic 10 0;boottime 5 7
a: timens-write a "monotonic1 2 3"         => ok   # %9s reads "monotonic", %lld the 1 right after it
a: timens-offsets a                        => monotonic 1 2;boottime 5 7
a: timens-write a "boottime 2 18446744073709551615" => ok   # %lu wraps into tv_nsec = -1, kept as written
a: timens-offsets a                        => monotonic 1 2;boottime 2 -1
a: clone b -                               => 3
b: clock boottime                          => 2   # the clock reads the normalized sum, 1.999999999 s
