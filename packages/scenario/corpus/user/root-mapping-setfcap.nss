@title: mapping the parent's uid 0 needs CAP_SETFCAP: the writer's in the parent, or the creator's at creation
@needs: user
# U2.14a verify_root_map (since 5.12, V6)
# A creator with CAP_SETFCAP (a, cloned by root) may map parent uid 0 from inside;
# a creator without it (c, made by a task that dropped its capabilities) may not.
init: clone a user                        => 2
a: uid_map a "0 0 1"                      => ok      # parent_could_setfcap: init had CAP_SETFCAP
init: clone w user                        => 3
init: uid_map w "0 1000 1;1000 0 1"       => ok      # init has CAP_SETFCAP in user:1
init: gid_map w "0 1000 1;1000 0 1"       => ok      # gid_map has no root-mapping rule
w: setuid 0                               => ok
w: setuid 1000                            => ok      # w: kernel uid 0, no capabilities left
w: clone c user                           => 4       # user:4 is created without CAP_SETFCAP
w: uid_map c "0 0 1"                      => EPERM   # parent uid 0 of user:3, and w lacks CAP_SETFCAP there
w: uid_map c "0 1000 1"                   => ok      # its own uid: no root mapping involved
c: id                                     => uid=0 gid=65534
