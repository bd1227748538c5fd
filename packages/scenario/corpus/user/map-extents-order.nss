@title: up to five extents read back in written order; more are sorted by their first id
@needs: user
# U2.12 (UID_GID_MAP_MAX_BASE_EXTENTS, sort_idmaps); gVisor MapOtherIDPrivileged, MapAnyIDsPrivileged
init: clone a user                                    => 2
init: uid_map a "2 0 2;4 6 2"                         => ok
init: read uid_map a                                  => 2 0 2;4 6 2
init: clone b user                                    => 3
init: uid_map b "40 4 1;30 3 1;20 2 1;10 1 1;0 0 1"   => ok
init: read uid_map b                                  => 40 4 1;30 3 1;20 2 1;10 1 1;0 0 1
init: clone c user                                    => 4
init: uid_map c "50 5 1;40 4 1;30 3 1;20 2 1;10 1 1;0 0 1" => ok
init: read uid_map c                                  => 0 0 1;10 1 1;20 2 1;30 3 1;40 4 1;50 5 1
