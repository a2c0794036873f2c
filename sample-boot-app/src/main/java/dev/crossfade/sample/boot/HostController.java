package dev.crossfade.sample.boot;

import dev.crossfade.sample.domain.Host;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /hosts}, {@code GET /hosts/{id}} and {@code GET /hosts/{id}/notes}. */
@RestController
public class HostController {
  private final HostService service;

  public HostController(HostService service) {
    this.service = service;
  }

  /** What a client posts: the host, a note, and (for the demonstration) whether to fail after both writes. */
  public record Registration(long id, String hostname, String note, Boolean failAfterWrites) {}

  @PostMapping("/hosts")
  public Map<String, Object> register(@RequestBody Registration r) {
    Host host = service.register(r.id(), r.hostname(), r.note(), Boolean.TRUE.equals(r.failAfterWrites()));
    return Map.of("id", host.id(), "hostname", host.hostname());
  }

  @GetMapping("/hosts/{id}")
  public ResponseEntity<Map<String, Object>> host(@PathVariable long id) {
    return service.find(id).map(h -> ResponseEntity.ok(Map.<String, Object>of("id", h.id(), "hostname",
        h.hostname()))).orElse(ResponseEntity.notFound().build());
  }

  @GetMapping("/hosts/{id}/notes")
  public Map<String, Object> notes(@PathVariable long id) {
    return Map.of("hostId", id, "notes", service.notes(id));
  }

  @ExceptionHandler(HostService.RegistrationFailed.class)
  public ResponseEntity<Map<String, Object>> failed(HostService.RegistrationFailed e) {
    return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
  }
}
