@title: projid_map needs no capability: a task maps the project ids of its user namespace where uid_map and gid_map are refused
@needs: user
# U2.14c: new_idmap_permitted: a projid_map is accepted when its lower ranges are mapped in the parent
init: clone c user                      => 2
c: uid_map c "5 5 10"                   => EPERM
c: gid_map c "5 5 10"                   => EPERM
c: projid_map c "0 5 100;200 1000 3"    => ok
c: read projid_map c                    => 0 5 100;200 1000 3
init: read projid_map c                 => 0 5 100;200 1000 3
c: projid_map c "0 5 100"               => EPERM
init: uid_map c "0 0 1"                 => ok
init: gid_map c "0 0 1"                 => ok
c: clone d user                         => 3
d: projid_map d "0 50 51"               => EPERM
d: projid_map d "0 99 2"                => EPERM
d: projid_map d "0 200 3"               => ok
d: read projid_map d                    => 0 200 3
init: read projid_map d                 => 0 1000 3
init: clone e user                      => 4
init: projid_map e "0 4294967295 1"     => EINVAL
init: projid_map e "0 4294967294 1"     => ok
