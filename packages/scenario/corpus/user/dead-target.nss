@title: the map files of a task that has exited are gone (ENOENT)
# U2.23: proc_pid_lookup finds no /proc/PID of a task that is gone
@needs: user
# scenario-format.md, "A target task that has exited": ENOENT for its /proc files
init: clone a user           => 2
a: exit                      => ok
init: uid_map a "0 0 1"      => ENOENT
init: gid_map a "0 0 1"      => ENOENT
init: setgroups a deny       => ENOENT
init: read uid_map a         => ENOENT
