@title: every lower range must lie inside one extent of the parent's map
@needs: user
# U2.15 (map_write: map_id_range_down over the parent's map)
init: clone a user                     => 2
init: uid_map a "0 0 10;100 100 10"    => ok
init: gid_map a "0 0 1"                => ok      # a needs a mapped egid to create x
a: clone x user                        => 3
a: uid_map x "0 50 1"                  => EPERM   # parent uid 50 has no mapping in user:2
a: uid_map x "0 0 20"                  => EPERM   # 0..19 runs past the extent 0..9
a: uid_map x "0 5 10"                  => EPERM   # 5..14 spans two extents' gap
a: uid_map x "0 9 92"                  => EPERM   # 9..100 touches both extents, lies in neither
a: uid_map x "0 0 10;10 100 10"        => ok      # a is root of user:2: CAP_SETUID there
init: read uid_map x                   => 0 0 10;10 100 10
a: read uid_map x                      => 0 0 10;10 100 10
