<?cs # The end of the calendar grid, after the vehicle rows lib/calgrid.c writes (see calendar_grid.cs), and the legend of its colours and symbols. ?>
<?cs if:!Cal.noareas ?>
  </div>
  </div>
  <?cs if:Cal.nrows == 0 ?><p class="notice"><?cs var:Lang.cal.novehicles ?></p><?cs /if ?>
  <section class="legend" aria-labelledby="legend-h">
    <h2 id="legend-h"><?cs var:Lang.cal.legend ?></h2>
    <ul>
      <li><span class="sw own" aria-hidden="true"></span> <?cs var:Lang.cal.lg_own ?></li>
      <li><span class="sw bko" aria-hidden="true"></span> <?cs var:Lang.cal.lg_other ?></li>
      <li><span class="sw foreign" aria-hidden="true"></span> <?cs var:Lang.cal.lg_foreign ?></li>
      <li><span class="sw fr" aria-hidden="true">+</span> <?cs var:Lang.cal.lg_free ?></li>
      <li><span class="sw blocked" aria-hidden="true"></span> <?cs var:Lang.cal.lg_blocked ?></li>
      <li><span class="sw cancelled" aria-hidden="true"></span> <?cs var:Lang.cal.lg_cancelled ?></li>
      <li><span class="sym" aria-hidden="true">⇄</span> <?cs var:Lang.cal.lg_shared ?></li>
      <li><span class="sym" aria-hidden="true">↗</span> <?cs var:Lang.cal.lg_link ?></li>
      <li><span class="sw nowl" aria-hidden="true"></span> <?cs var:Lang.cal.lg_now ?></li>
    </ul>
  </section>
<?cs /if ?>
</section>
