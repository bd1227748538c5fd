@title: PR_SET_NO_NEW_PRIVS takes only 1, needs no capability, and no_new_privs is never cleared
@needs: user
# U6.4 (kernel/sys.c prctl, PR_SET_NO_NEW_PRIVS and PR_GET_NO_NEW_PRIVS; task_set_no_new_privs);
# a child has its creator's flag (copy_process).
init: clone a -                              => 2
a: prctl PR_GET_NO_NEW_PRIVS                 => 0
a: prctl PR_SET_NO_NEW_PRIVS 0               => EINVAL
a: prctl PR_SET_NO_NEW_PRIVS 2               => EINVAL
a: prctl PR_GET_NO_NEW_PRIVS                 => 0
a: prctl PR_SET_NO_NEW_PRIVS 1               => ok
a: prctl PR_SET_NO_NEW_PRIVS 1               => ok      # again
a: prctl PR_SET_NO_NEW_PRIVS 0               => EINVAL  # there is no way back
a: prctl PR_GET_NO_NEW_PRIVS                 => 1
a: clone b -                                 => 3
b: prctl PR_GET_NO_NEW_PRIVS                 => 1
init: clone c -                              => 4
c: setuid 1000                               => ok
c: prctl PR_SET_NO_NEW_PRIVS 1               => ok
c: prctl PR_GET_NO_NEW_PRIVS                 => 1
