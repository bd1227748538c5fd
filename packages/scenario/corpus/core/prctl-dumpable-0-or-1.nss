@title: prctl(PR_SET_DUMPABLE) takes 0 or 1 and nothing else; a refused value changes nothing
# C11.5: sys_prctl refuses PR_SET_DUMPABLE with any arg2 but SUID_DUMP_DISABLE (0)
# and SUID_DUMP_USER (1): EINVAL. (SUID_DUMP_ROOT, 2, is the suid_dumpable sysctl's only.)
init: clone a -                  => 2
a: prctl PR_GET_DUMPABLE         => 1
a: prctl PR_SET_DUMPABLE 2       => EINVAL
a: prctl PR_SET_DUMPABLE 0xffffffffffffffff => EINVAL
a: prctl PR_GET_DUMPABLE         => 1
a: prctl PR_SET_DUMPABLE 0       => ok
a: prctl PR_GET_DUMPABLE         => 0
a: prctl PR_SET_DUMPABLE 3       => EINVAL
a: prctl PR_GET_DUMPABLE         => 0
a: prctl PR_SET_DUMPABLE 1       => ok
a: prctl PR_GET_DUMPABLE         => 1
