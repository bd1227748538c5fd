@title: setgroups(2) in a user namespace needs CAP_SETGID, a gid_map and setgroups allowed; then at most 65536 groups, each mapped
@needs: user
# U2.20: userns_may_setgroups
init: clone a user                      => 2
a: setgroups-call -                     => EPERM
init: gid_map a "0 0 1;5 100 2"         => ok
a: setgroups-call 0,5,6                 => ok
# U2.27: groups_from_user: every gid mapped
a: setgroups-call 0,7                   => EINVAL
a: setgroups-call -1                    => EINVAL
# U2.26: sys_setgroups: at most NGROUPS_MAX (65536) groups, checked after the permission
a: setgroups-call 0*65536               => ok
a: setgroups-call 0*65537               => EINVAL
init: clone b user                      => 3
init: setgroups b deny                  => ok
init: gid_map b "0 0 1"                 => ok
b: setgroups-call 0                     => EPERM
b: setgroups-call 0*65537               => EPERM
a: clone d -                            => 4
d: capset 0 0 0                         => ok
d: setgroups-call 0                     => EPERM    # no CAP_SETGID in its user namespace
a: setgroups-call 0                     => ok
