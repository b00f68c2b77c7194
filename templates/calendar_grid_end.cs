<?cs # The end of the calendar grid, after the vehicle rows lib/calgrid.c writes (see calendar_grid.cs). ?>
<?cs if:!Cal.noareas ?>
  </div>
  </div>
  <?cs if:Cal.nrows == 0 ?><p class="notice"><?cs var:Lang.cal.novehicles ?></p><?cs /if ?>
<?cs /if ?>
</section>
