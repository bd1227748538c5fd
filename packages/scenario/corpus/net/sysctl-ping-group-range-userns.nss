@title: ping_group_range shows its gids as the reader's user namespace maps them (65534 when unmapped)
# T1.4, T1.5, T9.2: the range is stored as kernel gids and translated for the reader and the writer
@needs: user,net
init: clone w user,net               => 2
init: uid_map w "0 0 1"              => ok
init: gid_map w "0 0 1"              => ok
w: sysctl net.ipv4.ping_group_range  => 65534 0   # the default is gids 1 to 0
w: sysctl net.ipv4.ping_group_range "0 5" => EINVAL  # gid 5 is not mapped in w's user namespace
w: sysctl net.ipv4.ping_group_range "0 0" => ok
w: sysctl net.ipv4.ping_group_range  => 0 0
init: sysctl net.ipv4.ping_group_range => 1 0
