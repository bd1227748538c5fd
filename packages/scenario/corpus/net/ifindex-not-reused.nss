@title: ifindexes go round: a deleted pair's indexes are not given to the next pair
# T2.7: deleting one end deletes both; new indexes continue after the last one given
@needs: net
init: veth v0 v1                     => ok
init: ifindex v0                     => 3
init: link-del v0                    => ok
init: veth v0 v1                     => ok
init: ifindex v1                     => 4
init: ifindex v0                     => 5
