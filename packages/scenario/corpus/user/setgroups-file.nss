@title: setgroups: deny is allowed until gid_map is written, and allow never comes back after deny
# U2.14d: init holds CAP_SETGID over the parent, so b's gid_map is accepted with setgroups "allow"
@needs: user
# U2.18, U2.19; gVisor DenyAfterGidMapFails, AllowAfterDenyFails
init: clone a user           => 2
init: setgroups a allow      => ok       # already allowed: a no-op
init: setgroups a deny       => ok
init: setgroups a allow      => EPERM
init: setgroups a deny       => ok       # denying again is fine while there is no gid_map
init: gid_map a "0 0 1"      => ok
init: setgroups a deny       => EPERM    # gid_map is written
init: clone b user           => 3
init: gid_map b "0 0 1"      => ok       # privileged: no deny needed
init: setgroups b deny       => EPERM
init: setgroups b allow      => ok
