package org.cloudlet.handoff.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationCapabilitiesTest {
    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void whatLibvirtTurnsOnForAPlainMigrationIsCarried() throws Exception {
        JsonNode caps = json("[{\"capability\":\"xbzrle\",\"state\":false},{\"capability\":\"return-path\",\"state\":true},"
                + "{\"capability\":\"pause-before-switchover\",\"state\":true},{\"capability\":\"multifd\",\"state\":false}]");
        assertEquals(Optional.empty(), MigrationCapabilities.uncarried(caps));
    }

    @Test
    void anUncarriedCapabilityThatIsOnIsNamed() throws Exception {
        JsonNode caps = json("[{\"capability\":\"return-path\",\"state\":true},{\"capability\":\"xbzrle\",\"state\":true}]");
        Optional<String> why = MigrationCapabilities.uncarried(caps);
        assertTrue(why.isPresent() && why.get().startsWith("xbzrle: "), String.valueOf(why));
        assertTrue(MigrationCapabilities.uncarried(json("[{\"capability\":\"multifd\",\"state\":true}]")).orElseThrow().startsWith("multifd"));
    }

    @Test
    void anAnswerOfAnotherShapeRefusesNothing() throws Exception {
        assertEquals(Optional.empty(), MigrationCapabilities.uncarried(json("{}")));
        assertEquals(Optional.empty(), MigrationCapabilities.uncarried(json("[{\"capability\":\"compress\"}]")));
    }
}
