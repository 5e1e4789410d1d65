package org.salus.bench;

import java.awt.Robot;
import java.awt.event.KeyEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Keyboard and pointer input for {@code benchmarks/run ui}, as a person gives it: a child JVM on the workstation's X
 * display (the benchmark's own JVM may have started before that display existed) that reads one command a line from
 * stdin and answers {@code ok} once X has the events:
 * {@code move X Y}, {@code type TEXT} (lower-case letters, digits, space, '-'), {@code key NAME[+NAME]} (tab, enter,
 * alt, a letter).
 */
public final class XInput {

    private XInput() {
    }

    public static void main(String[] args) throws Exception {
        Robot robot = new Robot();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] cmd = line.split(" ", 2);
            switch (cmd[0]) {
                case "move" -> {
                    String[] xy = cmd[1].split(" ");
                    robot.mouseMove(Integer.parseInt(xy[0]), Integer.parseInt(xy[1]));
                }
                case "type" -> {
                    for (char c : cmd[1].toCharArray()) {
                        press(robot, code(c));
                    }
                }
                case "key" -> {
                    String[] keys = cmd[1].split("\\+");
                    int[] codes = new int[keys.length];
                    for (int i = 0; i < keys.length; i++) {
                        codes[i] = named(keys[i]);
                        robot.keyPress(codes[i]);
                    }
                    for (int i = keys.length - 1; i >= 0; i--) {
                        robot.keyRelease(codes[i]);
                    }
                }
                default -> throw new IllegalArgumentException("unknown input command: " + line);
            }
            robot.waitForIdle();
            System.out.println("ok");
            System.out.flush();
        }
    }

    private static void press(Robot robot, int code) {
        robot.keyPress(code);
        robot.keyRelease(code);
    }

    private static int named(String name) {
        return switch (name) {
            case "tab" -> KeyEvent.VK_TAB;
            case "enter" -> KeyEvent.VK_ENTER;
            case "alt" -> KeyEvent.VK_ALT;
            case "escape" -> KeyEvent.VK_ESCAPE;
            default -> {
                if (name.length() != 1) {
                    throw new IllegalArgumentException("unknown key: " + name);
                }
                yield code(name.charAt(0));
            }
        };
    }

    private static int code(char c) {
        if (c >= 'a' && c <= 'z') {
            return KeyEvent.VK_A + (c - 'a');
        }
        if (c >= '0' && c <= '9') {
            return KeyEvent.VK_0 + (c - '0');
        }
        return switch (c) {
            case ' ' -> KeyEvent.VK_SPACE;
            case '-' -> KeyEvent.VK_MINUS;
            default -> throw new IllegalArgumentException("cannot type '" + c + "'");
        };
    }
}
