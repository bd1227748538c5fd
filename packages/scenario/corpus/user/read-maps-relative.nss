@title: the lower ids of a map are shown in the reader's user namespace, or in the parent when read from inside
@needs: user
# U2.2 uid_m_show; LTP userns03
init: clone a user                  => 2
init: clone b user                  => 3
init: uid_map a "0 0 1"             => ok
init: uid_map b "200 0 1"           => ok
init: gid_map b "200 0 1"           => ok
a: read uid_map a                   => 0 0 1
b: read uid_map b                   => 200 0 1          # from inside: lower ids in the parent
b: read gid_map b                   => 200 0 1
b: read uid_map a                   => 0 200 1          # kernel uid 0 is 200 in b's namespace
init: read uid_map init             => 0 0 4294967295
b: read uid_map init                => 0 200 4294967295
init: clone c user                  => 4
c: read uid_map a                   => 0 4294967295 1   # no mapping for it in c's namespace
c: read uid_map c                   => -
