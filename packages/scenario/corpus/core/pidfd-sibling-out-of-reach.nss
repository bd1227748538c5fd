@title: after joining one child's user namespace, a sibling's namespaces built the same way are out of reach, by pidfd and by ns file
# C8.17, I5.4, U3.2, U4.1, N2.3; selftests no_foul_play (selftests pidfd_setns
# no_foul_play), after the one-shot setns of selftests pidfd_one_shot_setns. w then holds every
# capability, but in user:2 only; c2's namespaces are owned by its own user
# namespace, a sibling of user:2, so every setns is EPERM (by pidfd, ptrace
# access to c2 already fails) and nothing moves.
@needs: user,uts,ipc,pid
# The rules of the errors it shows: C8.18, I4.1.
init: clone c1 user,uts,ipc,pid  => 2
init: clone c2 user,uts,ipc,pid  => 3
init: clone w -                  => 4
w: open c2 user fu               => ok        # opened while w is root of the initial user ns
w: open c2 uts ft                => ok
w: open c2 ipc fi                => ok
w: open c2 pid fp                => ok
w: setns-pidfd c1 user,uts,ipc,pid => ok
w: ns user                       => user:2
w: ns uts                        => uts:2
w: ns ipc                        => ipc:2
w: ns pid_for_children           => pid:2
w: setns-pidfd c2 user           => EPERM
w: setns-fd fu                   => EPERM
w: setns-pidfd c2 uts            => EPERM
w: setns-fd ft                   => EPERM
w: setns-pidfd c2 ipc            => EPERM
w: setns-fd fi                   => EPERM
w: setns-pidfd c2 pid            => EPERM
w: setns-fd fp                   => EPERM
w: setns-pidfd c2 user,uts,ipc,pid => EPERM
w: open c2 uts fx                => EACCES    # and c2's ns files can no longer be opened
w: ns user                       => user:2
w: ns uts                        => uts:2
w: ns ipc                        => ipc:2
w: ns pid_for_children           => pid:2
w: ns pid                        => pid:1
w: fdns ft                       => uts:3     # the fds name c2's namespaces
w: fdns fu                       => user:3
